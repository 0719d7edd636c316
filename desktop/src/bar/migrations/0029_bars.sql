-- Bar mode (desktop/src/bar): each bar's big buttons, in groups, in the order a manager chose. The
-- appliance's own configuration: nothing here goes to the cloud. A product taken off sale keeps its
-- button row (the editor shows it; the bar screen hides it); a bar is deleted whole, buttons with it.
CREATE TABLE bars (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE bar_groups (
  bar_id      TEXT NOT NULL REFERENCES bars (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  category_id TEXT REFERENCES categories (id),
  label       TEXT,
  PRIMARY KEY (bar_id, position)
);

CREATE TABLE bar_buttons (
  bar_id         TEXT NOT NULL,
  group_position INTEGER NOT NULL,
  position       INTEGER NOT NULL CHECK (position >= 0),
  product_id     TEXT NOT NULL REFERENCES products (id),
  PRIMARY KEY (bar_id, group_position, position),
  FOREIGN KEY (bar_id, group_position) REFERENCES bar_groups (bar_id, position) ON DELETE CASCADE
);
