# syntax=docker/dockerfile:1
# benefits-ledger service image. Build: docker build -t benefits-ledger .
# Run:   docker run -p 3000:3000 -v ledger-data:/var/lib/benefits-ledger benefits-ledger

# --- build: compile native addons (better-sqlite3) and TypeScript, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here because `prepare` builds the sources, which are not copied yet; the one
# native addon is then compiled explicitly, so dependency layers stay cached across source edits.
# npm ci refuses a lock file that lacks some optional platform packages (the project's lock is
# written where the registry does not serve them); npm install then resolves the same tree.
RUN (npm ci --ignore-scripts --no-audit --no-fund || npm install --ignore-scripts --no-audit --no-fund) \
 && npm rebuild better-sqlite3
COPY . .
# policies/ and examples/ are optional in the build context; the runtime stage copies them either way.
RUN npm run build && mkdir -p policies examples && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies, compiled JavaScript and console, seed packs; no compiler, not root ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/var/lib/benefits-ledger
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/policies ./policies
COPY --from=build --chown=root:root /app/examples ./examples
# The pack loader validates every pack (seed or operator's) against the published schema at run time.
COPY --from=build --chown=root:root /app/docs/policy-pack.schema.json ./docs/policy-pack.schema.json
# The data directory exists in the image and belongs to the unprivileged user, so a named volume
# mounted there starts out writable by it.
RUN mkdir -p /var/lib/benefits-ledger && chown node:node /var/lib/benefits-ledger
USER node
VOLUME ["/var/lib/benefits-ledger"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
