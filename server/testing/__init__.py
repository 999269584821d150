"""Test support shared by every app's tests: factories, the real server process, clients."""
