using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    EventTypes = table.Column<string>(type: "TEXT", unicode: false, maxLength: 500, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", unicode: false, maxLength: 1000, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DisabledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DisabledReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Cursor = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_WEBHOOK_ENDPOINT", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SU_WEBHOOK_DELIVERY",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EndpointId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    EventAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "SU_WEBHOOK_ATTEMPT",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
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
                });

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
