-- Stories and copies are grouped here, from each article's sketch (services/stories/): the same on every worker and
-- after a restart. The sketch's locality-sensitive bands find the articles worth comparing (a GIN index on the
-- array); the copy pairs found are kept, so an article's duplicate_of (its earliest copy) can be worked out again
-- when an earlier copy arrives later.
CREATE TABLE article_sketches (
    article_id     text PRIMARY KEY REFERENCES articles (article_id) ON DELETE CASCADE,
    published      date,
    body_key       text NOT NULL,
    copy_minhash   text NOT NULL,
    story_minhash  text NOT NULL,
    bands          bigint[] NOT NULL
);
CREATE INDEX article_sketches_bands ON article_sketches USING gin (bands);
CREATE INDEX article_sketches_body ON article_sketches (body_key);
CREATE TABLE article_copies (
    article_id  text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    copy_of     text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, copy_of)
);
ALTER TABLE articles ADD COLUMN story_similarity real;
CREATE INDEX articles_story ON articles (story_id);
