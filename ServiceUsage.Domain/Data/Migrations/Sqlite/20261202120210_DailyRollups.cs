using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DF_USAGE_DAILY",
                columns: table => new
                {
                    ORDER_ID = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    DAY = table.Column<long>(type: "INTEGER", nullable: false),
                    USER = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    PAYMENT = table.Column<long>(type: "INTEGER", nullable: false),
                    USAGE_ROWS = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_USAGE_DAILY", x => new { x.ORDER_ID, x.DAY });
                });

            migrationBuilder.CreateTable(
                name: "DF_USAGE_DAILY_USER",
                columns: table => new
                {
                    USER = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    DAY = table.Column<long>(type: "INTEGER", nullable: false),
                    PAYMENT = table.Column<long>(type: "INTEGER", nullable: false),
                    USAGE_ROWS = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_USAGE_DAILY_USER", x => new { x.USER, x.DAY });
                });

            migrationBuilder.CreateIndex(
                name: "IX_USAGE_DAILY_USER_DAY",
                table: "DF_USAGE_DAILY",
                columns: new[] { "USER", "DAY", "ORDER_ID", "PAYMENT" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DF_USAGE_DAILY");

            migrationBuilder.DropTable(
                name: "DF_USAGE_DAILY_USER");
        }
    }
}
