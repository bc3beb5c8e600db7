-- Values that every node must agree on, such as the generated token secret.
-- "value" is quoted because H2 2.x reserves VALUE; quoted in lower case it names the same column
-- in both databases, so one SQL text serves both.
CREATE TABLE parley_setting (
  name VARCHAR(100) PRIMARY KEY,
  "value" VARCHAR(2000) NOT NULL
);
