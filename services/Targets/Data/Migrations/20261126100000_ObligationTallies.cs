using DxTrack.Targets.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTrack.Targets.Data.Migrations
{
    /// <summary>
    /// Obligation counts by status and due instant, kept by PostgreSQL itself: statement triggers on
    /// <c>obligations</c> add each statement's net change, so the dashboard summary reads a few rows instead of
    /// counting millions of obligations after every report. Rows are upserted in key order, so concurrent
    /// writers take the counters' locks in the same order.
    /// </summary>
    [DbContext(typeof(TargetsDb))]
    [Migration("20261126100000_ObligationTallies")]
    public partial class ObligationTallies : Migration
    {
        /// <summary>
        /// The trigger functions as this migration creates them; <c>StripedObligationTallies</c> restores them when
        /// it is rolled back.
        /// </summary>
        internal const string TriggerFunctions =
            """
                CREATE OR REPLACE FUNCTION obligation_tallies_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, count)
                    SELECT status, due_at, count(*) FROM new_rows GROUP BY status, due_at ORDER BY status, due_at
                    ON CONFLICT (status, due_at) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION obligation_tallies_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, count)
                    SELECT status, due_at, sum(delta) FROM (
                        SELECT status, due_at, -1 AS delta FROM old_rows
                        UNION ALL
                        SELECT status, due_at, 1 FROM new_rows) changes
                    GROUP BY status, due_at HAVING sum(delta) <> 0 ORDER BY status, due_at
                    ON CONFLICT (status, due_at) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION obligation_tallies_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO obligation_tallies AS t (status, due_at, count)
                    SELECT status, due_at, -count(*) FROM old_rows GROUP BY status, due_at ORDER BY status, due_at
                    ON CONFLICT (status, due_at) DO UPDATE SET count = t.count + EXCLUDED.count;
                    RETURN NULL;
                END $$;
            """;

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE TABLE obligation_tallies (
                    status varchar(20) NOT NULL,
                    due_at timestamptz NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (status, due_at));
                """);
            migrationBuilder.Sql(TriggerFunctions);
            migrationBuilder.Sql(
                """
                CREATE TRIGGER obligation_tallies_insert AFTER INSERT ON obligations
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION obligation_tallies_on_insert();
                CREATE TRIGGER obligation_tallies_update AFTER UPDATE ON obligations
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION obligation_tallies_on_update();
                CREATE TRIGGER obligation_tallies_delete AFTER DELETE ON obligations
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION obligation_tallies_on_delete();

                LOCK TABLE obligations IN SHARE MODE;
                INSERT INTO obligation_tallies (status, due_at, count)
                SELECT status, due_at, count(*) FROM obligations GROUP BY status, due_at;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER obligation_tallies_insert ON obligations;
                DROP TRIGGER obligation_tallies_update ON obligations;
                DROP TRIGGER obligation_tallies_delete ON obligations;
                DROP FUNCTION obligation_tallies_on_insert();
                DROP FUNCTION obligation_tallies_on_update();
                DROP FUNCTION obligation_tallies_on_delete();
                DROP TABLE obligation_tallies;
                """);
        }
    }
}
