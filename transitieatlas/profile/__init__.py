"""The area profile (wijk/dorpsprofiel): figures compared with the gemeente and the country.

- :mod:`.build`: the profile from figures (pure, except :func:`.build.collect` which reads a
  store object it is given);
- :mod:`.choropleth`: classes, colours and legend of one indicator; the registry of class
  schemes (``SCHEMES``) that the pages and the CLI offer;
- :mod:`.export`: the profile as HTML or PDF bytes.
"""
