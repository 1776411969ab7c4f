"""The ground every process stands on: settings, logging, the payload codec and converter,
the Temporal client with the case contract's names, and the case search attributes.

Imports only `domain` (for the contract's types) and libraries: the case workflow, the
activities, the store, the web app and the processes in `workers/` all build on it.
"""
