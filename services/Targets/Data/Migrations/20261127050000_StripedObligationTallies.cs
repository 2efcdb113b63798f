using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTrack.Targets.Data.Migrations
{
    /// <summary>
    /// Spreads each obligation counter over 16 rows (slots). With one row per status and due instant, every
    /// report on a national deadline updated the same two rows and held their lock until it committed, so the
    /// reports were applied one at a time however many consumers ran. Each transaction now writes the slot of
    /// its transaction id, so concurrent transactions (consecutive ids) land in different rows; a reader adds
    /// the slots up. One transaction's statements all use its one slot, and rows are still upserted in key
    /// order, so concurrent writers take the locks in the same order.
    /// </summary>
    [DbContext(typeof(TargetsDb))]
    [Migration("20261127050000_StripedObligationTallies")]
    public partial class StripedObligationTallies : Migration
    {
        /// <summary>How many rows each counter is spread over.</summary>
        public const int Slots = 16;

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"""
                ALTER TABLE obligation_tallies ADD COLUMN slot smallint NOT NULL DEFAULT 0;
                ALTER TABLE obligation_tallies DROP CONSTRAINT obligation_tallies_pkey;
                ALTER TABLE obligation_tallies ADD PRIMARY KEY (status, due_at, slot);
                ALTER TABLE obligation_tallies ALTER COLUMN slot DROP DEFAULT;

                CREATE OR REPLACE FUNCTION obligation_tallies_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, slot, count)
                    SELECT status, due_at, txid_current() % {Slots}, count(*) FROM new_rows GROUP BY status, due_at ORDER BY status, due_at
                    ON CONFLICT (status, due_at, slot) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION obligation_tallies_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, slot, count)
                    SELECT status, due_at, txid_current() % {Slots}, sum(delta) FROM (
                        SELECT status, due_at, -1 AS delta FROM old_rows
                        UNION ALL
                        SELECT status, due_at, 1 FROM new_rows) changes
                    GROUP BY status, due_at HAVING sum(delta) <> 0 ORDER BY status, due_at
                    ON CONFLICT (status, due_at, slot) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION obligation_tallies_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, slot, count)
                    SELECT status, due_at, txid_current() % {Slots}, -count(*) FROM old_rows GROUP BY status, due_at ORDER BY status, due_at
                    ON CONFLICT (status, due_at, slot) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                LOCK TABLE obligation_tallies IN EXCLUSIVE MODE;
                CREATE TEMPORARY TABLE obligation_tallies_folded ON COMMIT DROP AS
                    SELECT status, due_at, sum(count)::bigint AS count FROM obligation_tallies GROUP BY status, due_at;
                DELETE FROM obligation_tallies;
                ALTER TABLE obligation_tallies DROP CONSTRAINT obligation_tallies_pkey;
                ALTER TABLE obligation_tallies DROP COLUMN slot;
                ALTER TABLE obligation_tallies ADD PRIMARY KEY (status, due_at);
                INSERT INTO obligation_tallies (status, due_at, count) SELECT status, due_at, count FROM obligation_tallies_folded;
                """);
            // The functions as ObligationTallies created them: one row per status and due instant.
            migrationBuilder.Sql(ObligationTallies.TriggerFunctions);
        }
    }
}
