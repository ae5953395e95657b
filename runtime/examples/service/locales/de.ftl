# German messages of the example service's ConnectError (app.rs), keyed by its codes. English is
# the default language: its text is each variant's `msg`, so there is no en.ftl. The error-list
# format has no title member, so no `.title` is needed here.

ResourceNotFound = Deployment mit id={ $id } existiert nicht
DuplicateField = Für das Feld { $field } gibt es den Wert { $duplicate_value } schon.
ConcurrentModification = Objekt id={ $id } hat eine andere Version als erwartet. Erwartet: { $expected_version } - Tatsächlich: { $current_version }.
LimitsExceeded = Zu viele Anfragen. Bitte nach { $retry_after ->
        [one] einer Sekunde
       *[other] { $retry_after } Sekunden
    } erneut versuchen
ServiceUnavailable = Die Logs des Deployments sind vorübergehend nicht verfügbar
General = Schreibvorgänge sind vorübergehend nicht möglich
