# German for the examples in errwire's own documentation (`l10n` module, `Context::with_locale`),
# which are compiled and run as doc tests. `locales = "doc-locales"` is relative to runtime/.
Conflict = Bestellung { $id } wurde von jemand anderem geändert
    .title = Konflikt
