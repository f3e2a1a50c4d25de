"""Stories and copies of articles: a sketch of each article (pure), and the groups the sketches tie together."""
