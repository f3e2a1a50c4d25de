-- Stories and copies are grouped here, from each article's sketch (services/stories/): the same on every worker and
-- after a restart. The article row keeps its sketch and the keys it is found by (a GIN index on the array, updated
-- at once: a pending list would be scanned whole by every look-up); the copy pairs found are kept, so an article's
-- duplicate_of (its earliest copy) can be worked out again when an earlier copy arrives later.
ALTER TABLE articles ADD COLUMN body_key text;
ALTER TABLE articles ADD COLUMN copy_minhash text;
ALTER TABLE articles ADD COLUMN story_minhash text;
ALTER TABLE articles ADD COLUMN name_keys bigint[];
ALTER TABLE articles ADD COLUMN sketch_keys bigint[];
ALTER TABLE articles ADD COLUMN story_similarity real;
CREATE INDEX articles_sketch_keys ON articles USING gin (sketch_keys) WITH (fastupdate = off);
CREATE INDEX articles_body_key ON articles (body_key);
CREATE INDEX articles_story ON articles (story_id);
CREATE TABLE article_copies (
    article_id  text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    copy_of     text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, copy_of)
);
