using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialSqlite : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DF_PLAN_DETAILS",
                columns: table => new
                {
                    ID = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PLAN_ID = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BEGIN_TIME = table.Column<long>(type: "INTEGER", nullable: false),
                    NAME = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DETAILS = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_PLAN_DETAILS", x => x.ID);
                });

            migrationBuilder.CreateTable(
                name: "DF_PURCHASE_ORDER",
                columns: table => new
                {
                    ORDER_ID = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    TYPE = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    USER = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    SERVICE_ID = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SERVICE_QUANTITIES = table.Column<int>(type: "INTEGER", nullable: false),
                    PLAN_ID = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BEGIN_TIME = table.Column<long>(type: "INTEGER", nullable: false),
                    END_TIME = table.Column<long>(type: "INTEGER", nullable: true),
                    STATUS = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AUTO_RENEW = table.Column<bool>(type: "INTEGER", nullable: false),
                    PAID_MONTHS = table.Column<int>(type: "INTEGER", nullable: false),
                    CHARGED_UNTIL = table.Column<long>(type: "INTEGER", nullable: true),
                    ROW_VERSION = table.Column<int>(type: "INTEGER", nullable: false),
                    CREATED_AT = table.Column<long>(type: "INTEGER", nullable: false),
                    UPDATED_AT = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_PURCHASE_ORDER", x => x.ORDER_ID);
                });

            migrationBuilder.CreateTable(
                name: "SU_API_TOKEN",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_API_TOKEN", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SU_BILLING_RUN",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Job = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AsOf = table.Column<long>(type: "INTEGER", nullable: false),
                    OrdersSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    RowsCharged = table.Column<int>(type: "INTEGER", nullable: false),
                    MoneyCharged = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_BILLING_RUN", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SU_DATA_PROTECTION_KEY",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_DATA_PROTECTION_KEY", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SU_IDEMPOTENCY",
                columns: table => new
                {
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ResponseBody = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_IDEMPOTENCY", x => new { x.User, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DF_USAGE_HISTORY",
                columns: table => new
                {
                    USAGE_ID = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ORDER_ID = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    USER = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    KIND = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BEGIN_TIME = table.Column<long>(type: "INTEGER", nullable: false),
                    END_TIME = table.Column<long>(type: "INTEGER", nullable: false),
                    PAYMENT = table.Column<long>(type: "INTEGER", nullable: false),
                    ORDER_DETAILS = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_USAGE_HISTORY", x => x.USAGE_ID);
                    table.ForeignKey(
                        name: "FK_DF_USAGE_HISTORY_DF_PURCHASE_ORDER_ORDER_ID",
                        column: x => x.ORDER_ID,
                        principalTable: "DF_PURCHASE_ORDER",
                        principalColumn: "ORDER_ID",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_PLAN_VERSION",
                table: "DF_PLAN_DETAILS",
                columns: new[] { "PLAN_ID", "BEGIN_TIME" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ORDER_CHARGING",
                table: "DF_PURCHASE_ORDER",
                columns: new[] { "TYPE", "STATUS", "CHARGED_UNTIL" });

            migrationBuilder.CreateIndex(
                name: "IX_ORDER_DUE",
                table: "DF_PURCHASE_ORDER",
                columns: new[] { "TYPE", "STATUS", "END_TIME" });

            migrationBuilder.CreateIndex(
                name: "IX_ORDER_USER",
                table: "DF_PURCHASE_ORDER",
                columns: new[] { "USER", "STATUS" });

            migrationBuilder.CreateIndex(
                name: "IX_USAGE_USER_KIND_TIME",
                table: "DF_USAGE_HISTORY",
                columns: new[] { "USER", "KIND", "BEGIN_TIME", "END_TIME", "PAYMENT" });

            migrationBuilder.CreateIndex(
                name: "IX_USAGE_USER_TIME",
                table: "DF_USAGE_HISTORY",
                columns: new[] { "USER", "BEGIN_TIME", "END_TIME", "PAYMENT" });

            migrationBuilder.CreateIndex(
                name: "UX_USAGE_CHARGE",
                table: "DF_USAGE_HISTORY",
                columns: new[] { "ORDER_ID", "KIND", "BEGIN_TIME" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SU_API_TOKEN_TokenHash",
                table: "SU_API_TOKEN",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SU_API_TOKEN_User",
                table: "SU_API_TOKEN",
                column: "User");

            migrationBuilder.CreateIndex(
                name: "IX_SU_BILLING_RUN_Job_StartedAt",
                table: "SU_BILLING_RUN",
                columns: new[] { "Job", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SU_IDEMPOTENCY_CreatedAt",
                table: "SU_IDEMPOTENCY",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "DF_PLAN_DETAILS");

            migrationBuilder.DropTable(
                name: "DF_USAGE_HISTORY");

            migrationBuilder.DropTable(
                name: "SU_API_TOKEN");

            migrationBuilder.DropTable(
                name: "SU_BILLING_RUN");

            migrationBuilder.DropTable(
                name: "SU_DATA_PROTECTION_KEY");

            migrationBuilder.DropTable(
                name: "SU_IDEMPOTENCY");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "DF_PURCHASE_ORDER");
        }
    }
}
