"""Signal receivers of the package (connected by ``apps.VillesLumieresConfig.ready``)."""
