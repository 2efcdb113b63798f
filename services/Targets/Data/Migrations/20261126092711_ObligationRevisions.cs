using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTrack.Targets.Data.Migrations
{
    /// <inheritdoc />
    public partial class ObligationRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "accepted_revision",
                table: "obligations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "last_revision",
                table: "obligations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "last_revision_returned",
                table: "obligations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // An indicator report accepted before revisions were recorded keeps its accepted revision, so a returned
            // correction of it cannot make it owed again.
            migrationBuilder.Sql("""
                UPDATE obligations o
                SET accepted_revision = v.revision, last_revision = v.revision
                FROM accepted_values v
                WHERE o.subject = 'Indicator' AND v.indicator_id = o.subject_id
                  AND v.agency_code = o.agency_code AND v.period = o.period;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "accepted_revision",
                table: "obligations");

            migrationBuilder.DropColumn(
                name: "last_revision",
                table: "obligations");

            migrationBuilder.DropColumn(
                name: "last_revision_returned",
                table: "obligations");
        }
    }
}
