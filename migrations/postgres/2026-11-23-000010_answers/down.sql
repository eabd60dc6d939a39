DROP TABLE answer_uses;
DROP TABLE answer_terms;
DROP TABLE answers;
