-- The device register and patients/recipients as master data (issue 14: ADM-6, ADM-7).

-- ADM-6: a work order's status: open | started | performed | closed | cancelled. Those
-- registered before this get one from their performed date. A work order imported without a
-- description keeps '' in it (the column stays NOT NULL for the deviation wizard).
ALTER TABLE work_orders ADD COLUMN status VARCHAR NOT NULL DEFAULT 'open';
UPDATE work_orders SET status = 'performed' WHERE performed IS NOT NULL;

-- ADM-6: stock_items holds the individual cards (individkort) of individual-classified devices
-- — at their owner unit, on its buffer stock or handed out — and the buffer stock of the other
-- articles (a quantity per unit and article, individual_no NULL). Only cards not handed out
-- are on buffer stock (DEV-4 c); a handed-out individual is on a recipient's device list.
ALTER TABLE stock_items ADD COLUMN handed_out BOOLEAN NOT NULL DEFAULT FALSE;

-- Ids of rows registered through the admin screens and imports (the natural keys are
-- article+individual no, unit+article and recipient+article+individual no).
CREATE SEQUENCE stock_item_seq START 1;          -- 'si-1', 'si-2', …
CREATE SEQUENCE recipient_device_seq START 1;    -- 'rd-1', 'rd-2', …
