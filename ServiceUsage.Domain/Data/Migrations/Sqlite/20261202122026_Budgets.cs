using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Budgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SU_BUDGET",
                columns: table => new
                {
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Thresholds = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_BUDGET", x => x.User);
                });

            migrationBuilder.CreateTable(
                name: "SU_BUDGET_ALERT",
                columns: table => new
                {
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Month = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Percent = table.Column<int>(type: "INTEGER", nullable: false),
                    Budget = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_BUDGET_ALERT", x => new { x.User, x.Month, x.Kind, x.Percent });
                });

            migrationBuilder.CreateIndex(
                name: "IX_SU_BUDGET_ALERT_Month_Percent",
                table: "SU_BUDGET_ALERT",
                columns: new[] { "Month", "Percent" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SU_BUDGET");

            migrationBuilder.DropTable(
                name: "SU_BUDGET_ALERT");
        }
    }
}
