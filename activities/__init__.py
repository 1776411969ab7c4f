"""Activities: where the engine touches the world (court systems, the treasury, notices, and the
case record). Which adapters are used is wired in `workers/wiring.py`."""
