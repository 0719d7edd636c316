-- An email may carry an HTML part beside its text (campaigns: the shop's logo and colours, the open
-- pixel, tracked links). NULL: text only, as before.
ALTER TABLE messages ADD COLUMN html text;
