// Essentials: JSON, SHA-256, files and command-line parsing, with no knowledge of Genesys Cloud.
