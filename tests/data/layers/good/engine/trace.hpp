#pragma once
// Fixture for the layer check (tests/layer_check.cmake): a well-layered tree; each other tree here
// breaks one rule.
struct Trace {};
