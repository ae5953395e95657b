Conflict = Bestellung { $id } wurde geändert
Conflit = Bestellung { $id } wurde geändert
