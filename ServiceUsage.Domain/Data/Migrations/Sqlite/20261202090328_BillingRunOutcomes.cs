using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BillingRunOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Host",
                table: "SU_BILLING_RUN",
                type: "TEXT",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "SU_BILLING_RUN",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Report",
                table: "SU_BILLING_RUN",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.Sql(MigrationSql.BillingRunOutcomes);

            migrationBuilder.CreateIndex(
                name: "IX_SU_BILLING_RUN_Outcome_Job",
                table: "SU_BILLING_RUN",
                columns: new[] { "Outcome", "Job" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SU_BILLING_RUN_Outcome_Job",
                table: "SU_BILLING_RUN");

            migrationBuilder.DropColumn(
                name: "Host",
                table: "SU_BILLING_RUN");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "SU_BILLING_RUN");

            migrationBuilder.DropColumn(
                name: "Report",
                table: "SU_BILLING_RUN");
        }
    }
}
