using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SU_WEBHOOK_ENDPOINT",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    Owner = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: true, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    CreatedBy = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Url = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    EventTypes = table.Column<string>(type: "varchar(500)", unicode: false, maxLength: 500, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    ProtectedSecret = table.Column<string>(type: "varchar(1000)", unicode: false, maxLength: 1000, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    Enabled = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    DisabledAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    DisabledReason = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Cursor = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    LeaseOwner = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    LeaseUntil = table.Column<DateTime>(type: "datetime(6)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_WEBHOOK_ENDPOINT", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "SU_WEBHOOK_DELIVERY",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    EndpointId = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    EventType = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    EventAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    Status = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    LastStatusCode = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_WEBHOOK_DELIVERY", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SU_WEBHOOK_DELIVERY_SU_WEBHOOK_ENDPOINT_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "SU_WEBHOOK_ENDPOINT",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "SU_WEBHOOK_ATTEMPT",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    DurationMs = table.Column<int>(type: "int", nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: true),
                    Outcome = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Error = table.Column<string>(type: "varchar(300)", maxLength: 300, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_WEBHOOK_ATTEMPT", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SU_WEBHOOK_ATTEMPT_SU_WEBHOOK_DELIVERY_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "SU_WEBHOOK_DELIVERY",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_SU_WEBHOOK_ATTEMPT_DeliveryId",
                table: "SU_WEBHOOK_ATTEMPT",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_SU_WEBHOOK_DELIVERY_EndpointId_EventId",
                table: "SU_WEBHOOK_DELIVERY",
                columns: new[] { "EndpointId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SU_WEBHOOK_DELIVERY_EndpointId_Status_Sequence",
                table: "SU_WEBHOOK_DELIVERY",
                columns: new[] { "EndpointId", "Status", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_SU_WEBHOOK_DELIVERY_Status_EventAt",
                table: "SU_WEBHOOK_DELIVERY",
                columns: new[] { "Status", "EventAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SU_WEBHOOK_ENDPOINT_Owner",
                table: "SU_WEBHOOK_ENDPOINT",
                column: "Owner");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SU_WEBHOOK_ATTEMPT");

            migrationBuilder.DropTable(
                name: "SU_WEBHOOK_DELIVERY");

            migrationBuilder.DropTable(
                name: "SU_WEBHOOK_ENDPOINT");
        }
    }
}
