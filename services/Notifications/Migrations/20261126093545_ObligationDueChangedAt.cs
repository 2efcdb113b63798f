using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTrack.Notifications.Migrations
{
    /// <inheritdoc />
    public partial class ObligationDueChangedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_changed_at",
                table: "obligations",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "due_changed_at",
                table: "obligations");
        }
    }
}
