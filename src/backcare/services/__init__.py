"""Use-cases that join the domain and its ports, shared by the CLI and the web app."""
