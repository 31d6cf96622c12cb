# The app image: API, worker and migrations (the compose services pick the npm script).
# TypeScript runs through tsx (a runtime dependency); only the console is built, in a stage of its own.

# The console (React + Vite): built with the dev dependencies, of which only console/dist is kept.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY runtime ./runtime
COPY scripts ./scripts
COPY console ./console
RUN npm run build

FROM node:20-bookworm-slim

WORKDIR /app
# production: AUTH_SECRET and REQUESTER_HASH_KEY become mandatory. 0.0.0.0: reachable from outside
# the container (the app's default is 127.0.0.1). No npm update check at every start.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# Dependencies first, so a source change reuses this layer. Dev tools (vitest, @temporalio/testing,
# typescript, eslint, drizzle-kit) stay out; tsx and the Temporal worker's webpack/swc are runtime deps.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Only the runtime sources; they stay owned by root, so the app cannot modify itself.
COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY runtime ./runtime
COPY bin ./bin
COPY scripts ./scripts
COPY --from=console /app/console/dist ./console/dist

USER node
EXPOSE 3000
# No HEALTHCHECK here: the worker and migrate share the image and serve no HTTP (compose checks the API).
CMD ["npm", "run", "start:api"]
