using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SU_EVENT",
                columns: table => new
                {
                    EVENT_KEY = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ID = table.Column<string>(type: "TEXT", unicode: false, maxLength: 36, nullable: false),
                    SEQUENCE = table.Column<long>(type: "INTEGER", nullable: true),
                    TYPE = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    TIME = table.Column<long>(type: "INTEGER", nullable: false),
                    USER = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    DATA = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_EVENT", x => x.EVENT_KEY);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EVENT_USER",
                table: "SU_EVENT",
                columns: new[] { "USER", "SEQUENCE" });

            migrationBuilder.CreateIndex(
                name: "UX_EVENT_ID",
                table: "SU_EVENT",
                column: "ID",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EVENT_SEQUENCE",
                table: "SU_EVENT",
                column: "SEQUENCE",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SU_EVENT");
        }
    }
}
