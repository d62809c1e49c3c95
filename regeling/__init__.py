"""regeling: the Dutch home-security scheme for decentral officeholders."""
