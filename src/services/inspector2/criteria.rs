//! The `FilterCriteria` members of Amazon Inspector v2 findings filters.
