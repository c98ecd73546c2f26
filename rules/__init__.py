"""The rule engine and its packs: one module per rule, grouped by family."""
