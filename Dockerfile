# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes Release.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish ServiceUsage.Web/ServiceUsage.Web.csproj -c Release -o /app --nologo

# Run: the ASP.NET runtime image, as a non-root user, on port 8080.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Database__DataDirectory=/app/data
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["dotnet", "ServiceUsage.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "ServiceUsage.Web.dll"]
