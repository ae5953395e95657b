# German translations of test_l10n.rs's OrderError, keyed by its codes.

ConcurrentModification = Bestellung { $id } hat Version { $current }, nicht { $expected }
    .title = Konflikt

## A select on a number: German plural rules pick `one` for 1.
TooManyItems = { $count ->
        [one] Höchstens { $limit } Artikel erlaubt, aber einer angegeben
       *[other] Höchstens { $limit } Artikel erlaubt, aber { $count } angegeben
    }

# `user.not_found` is not a Fluent identifier: its message id is `user-not_found`.
user-not_found = Kein Benutzer namens „{ $name }“
    .title = Nicht gefunden

-shop = Laden
Closed = Der { -shop } ist
    heute geschlossen
