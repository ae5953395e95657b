# The translated render of the benchmarks (src/l10n.rs): one string and one number placeholder.
ConcurrentModification = Deployment { $deployment } wurde geändert: aktuell ist Version { $current_version }
    .title = Konflikt
