Conflict = Bestellung { $id } wurde geändert
    .title = Konflikt bei { $id }
