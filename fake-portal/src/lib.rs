//! A local Bitrix24 portal for tests and benchmarks.
