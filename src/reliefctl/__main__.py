"""``python -m reliefctl`` runs the same command as the ``reliefctl`` script."""

from reliefctl.cli.app import main

if __name__ == "__main__":
    main()
