"""SER-DH: Sistema Estadual de Redes em Direitos Humanos."""
