# The translation names a field the variant does not have.
Conflict = Bestellung { $idd } wurde geändert
