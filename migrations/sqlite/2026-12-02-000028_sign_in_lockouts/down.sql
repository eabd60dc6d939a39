DROP TABLE sign_in_lockouts;
