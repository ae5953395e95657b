Conflict = Bestellung { $id wurde geändert
