Conflict = Bestellung { $id } wurde geändert
    .title = Konflikt
TooMany = { $count ->
        [one] Ein Artikel zu viel
       *[other] { $count } Artikel zu viel
    }
