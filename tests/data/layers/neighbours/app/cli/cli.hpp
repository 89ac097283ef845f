#pragma once
// Fixture for the layer check (tests/layer_check.cmake): one rule broken.
