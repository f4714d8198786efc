// The composition root: builds every service from a validated Config. Nothing else opens the
// database or loads the log key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AuditLog } from '../audit/log.ts';
import type { Config } from './config.ts';
import { defaultPublicUrl } from './config.ts';
import { relyingPartyOf } from '../approvals/webauthn/assertion.ts';
import { AccountService } from './auth/account-service.ts';
import type { LoginThrottlePolicy } from './auth/login-throttle-policy.ts';
import { openDatabase } from './storage/database.ts';
import type { Database } from './storage/database.ts';
import { KnexLogStore } from './storage/log-store-knex.ts';
import { UnitOfWork } from './storage/unit-of-work.ts';
import type { KnexTx } from './storage/unit-of-work.ts';
import { deriveFromLogKey, loadOrCreateLogKey } from './log-key.ts';
import { smtpSender } from './services/mail-transport.ts';
import { NotificationWorker } from './services/notification-worker.ts';
import { NotificationService } from './services/notifications.ts';
import { Notifier } from './services/notifier.ts';
import { SecretBox } from './services/webhook-secrets.ts';
import { createMetrics } from './metrics.ts';
import type { Metrics } from './metrics.ts';
import { ApprovalService } from './services/approvals.ts';
import { DocumentScanner } from './services/document-scanner.ts';
import { TrustAnchorService } from './services/trust-anchors.ts';
import { CosignatureStore } from './storage/cosignature-store.ts';
import { CheckpointPublisher } from './witnessing/published-checkpoint.ts';
import { httpWitnessPoster } from './witnessing/witness-client.ts';
import type { WitnessPoster } from './witnessing/witness-client.ts';
import { configuredWitnesses } from './witnessing/witnesses.ts';
import { Witnessing } from './witnessing/witnessing.ts';
import type { WitnessingLogger } from './witnessing/witnessing.ts';
import { LogWatch } from './integrity/log-watch.ts';

export interface Keygate {
  readonly config: Config;
  readonly db: Database;
  readonly logStore: KnexLogStore;
  readonly log: AuditLog<KnexTx>;
  readonly clock: () => Date;
  readonly metrics: Metrics;
  /** The one write path (and the log's fatal stop). */
  readonly writes: UnitOfWork;
  readonly trustAnchors: TrustAnchorService;
  readonly approvals: ApprovalService;
  readonly accounts: AccountService;
  readonly cosignatures: CosignatureStore;
  /** The checkpoint the log publishes: the latest with a witness quorum when witnesses are configured. */
  readonly publisher: CheckpointPublisher;
  /** Submits checkpoints to the configured witnesses once started (`serve` starts it); null without witnesses. */
  readonly witnessing: Witnessing | null;
  /** The server's own storage checks (`serve` starts them; /readyz reports them). */
  readonly watch: LogWatch;
  /** Preferences, mailbox, outbox and webhook endpoints. */
  readonly notifications: NotificationService;
  /** Delivers the outbox (`serve` starts it; tests may drain it). */
  readonly notificationWorker: NotificationWorker;
  /** True when this start created the log key file. */
  readonly createdLogKey: boolean;
  close(): Promise<void>;
}

export interface ComposeOptions {
  readonly clock?: () => Date;
  /** Include Node process metrics (the server does; tests composing many instances do not). */
  readonly processMetrics?: boolean;
  /** The login throttling policy; LOGIN_THROTTLE_POLICY unless a test passes another. */
  readonly loginThrottle?: LoginThrottlePolicy;
  /** Where witnessing reports (the server's pino logger); silent by default. */
  readonly logger?: WitnessingLogger;
  /** How submissions reach witnesses (tests may substitute it); HTTP by default. */
  readonly witnessPoster?: WitnessPoster;
}

const SILENT: WitnessingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** A witness that does not answer within this long is retried later. */
const WITNESS_TIMEOUT_MS = 10_000;

function generatedOrigin(): string {
  return `keygate.local/log/${crypto.randomBytes(8).toString('hex')}`;
}

export async function openKeygate(config: Config, options: ComposeOptions = {}): Promise<Keygate> {
  const clock = options.clock ?? (() => new Date());
  // The data dir holds the log key: private to the service's user.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase(config.database);
  try {
    const logStore = new KnexLogStore(db.knex);
    const origin = config.origin ?? (await logStore.readMeta('origin')) ?? generatedOrigin();
    const { signer, created } = loadOrCreateLogKey({ keyPath: config.logKeyPath, dataDir: config.dataDir, name: origin });
    const metrics = createMetrics({ processMetrics: options.processMetrics === true });
    const log = new AuditLog<KnexTx>({
      store: logStore,
      signer,
      origin,
      clock,
      onCommitted: (appended, treeSize) => {
        metrics.logAppends.inc(appended);
        metrics.logSize.set(treeSize);
      },
    });
    await db.transaction((tx) => log.initialize(tx));
    const writes = new UnitOfWork({ db, log, clock });
    // Integrity failures found while reading halt the log (every writer, every instance).
    logStore.onIntegrityError = (err) => void writes.reportIntegrityError(err);
    const trustAnchors = new TrustAnchorService({ db, writes, clock });
    const documentScanner = new DocumentScanner();
    const publicUrl = config.publicUrl ?? defaultPublicUrl(config.port);
    const notifyConfig = config.notifications ?? { enabled: true, from: 'keygate@localhost', maxAttempts: 8, retryBaseMs: 30_000 };
    const notifier = notifyConfig.enabled ? new Notifier({ publicUrl, clock }) : undefined;
    if (notifier !== undefined) writes.onHalt = (tx, halt) => notifier.haltRecorded(tx, halt);
    const approvals = new ApprovalService({ db, writes, clock, trustAnchors, documentScanner, origin, relyingParty: relyingPartyOf(publicUrl), ...(notifier === undefined ? {} : { notifier }) });
    const secrets = new SecretBox(deriveFromLogKey({ keyPath: config.logKeyPath, dataDir: config.dataDir }, 'keygate webhook secrets v1'));
    const notifications = new NotificationService({ db, writes, clock, secrets });
    const notificationWorker = new NotificationWorker({
      db,
      clock,
      secrets,
      publicUrl,
      smtp: notifyConfig.smtpUrl === undefined ? null : smtpSender({ url: notifyConfig.smtpUrl, from: notifyConfig.from }),
      settings: { maxAttempts: notifyConfig.maxAttempts, retryBaseMs: notifyConfig.retryBaseMs, digestHourUtc: 7 },
      logger: options.logger ?? SILENT,
    });
    const accounts = new AccountService({ db, writes, clock, ...(options.loginThrottle === undefined ? {} : { loginThrottle: options.loginThrottle }) });
    const cosignatures = new CosignatureStore(db.knex);
    const witnesses = configuredWitnesses(config.witnesses ?? []);
    const publisher = new CheckpointPublisher({ log, store: logStore, cosignatures, witnesses, quorum: config.witnessQuorum ?? witnesses.length, clock });
    const witnessing =
      witnesses.length === 0
        ? null
        : new Witnessing({
            store: logStore,
            cosignatures,
            witnesses,
            poster: options.witnessPoster ?? httpWitnessPoster({ timeoutMs: WITNESS_TIMEOUT_MS }),
            clock,
            logger: options.logger ?? SILENT,
            onEvidence: (err) => writes.reportIntegrityError(err),
          });
    const watch = new LogWatch({ db, log, logStore, cosignatures, witnesses, writes, clock, logger: options.logger ?? SILENT });
    const close = async () => {
      await notificationWorker.stop();
      await watch.stop();
      await witnessing?.stop();
      await documentScanner.close();
      await db.close();
    };
    return { config, db, logStore, log, clock, metrics, writes, trustAnchors, approvals, accounts, cosignatures, publisher, witnessing, watch, notifications, notificationWorker, createdLogKey: created, close };
  } catch (err) {
    await db.close();
    throw err;
  }
}
