// placeholder so the build has an entry point; replaced by the CLI.
