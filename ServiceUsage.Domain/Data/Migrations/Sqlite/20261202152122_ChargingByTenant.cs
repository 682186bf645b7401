using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChargingByTenant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ORDER_CHARGING",
                table: "DF_PURCHASE_ORDER");

            migrationBuilder.CreateIndex(
                name: "IX_ORDER_CHARGING",
                table: "DF_PURCHASE_ORDER",
                columns: new[] { "TYPE", "STATUS", "CHARGED_UNTIL", "USER", "ORDER_ID" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ORDER_CHARGING",
                table: "DF_PURCHASE_ORDER");

            migrationBuilder.CreateIndex(
                name: "IX_ORDER_CHARGING",
                table: "DF_PURCHASE_ORDER",
                columns: new[] { "TYPE", "STATUS", "CHARGED_UNTIL" });
        }
    }
}
