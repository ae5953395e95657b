# German only: test_l10n.rs's StockError, beside OrderError (German and French) in one collection.
OutOfStock = { $item } ist ausverkauft
