/**
 * Joining and leaving a cohort. `/enroll/<code>` says what is collected and
 * who sees it, and starts a sign-in bound to this browser (the CSRF defence
 * of its form, as on the assistant's consent page); consenting sends the
 * participant through Oura, and `finish` (called by the sign-in's callback)
 * admits them by the link alone, spends it and shows their withdrawal link.
 * `/withdraw/<secret>` confirms, then leaves as the account page's delete
 * does and marks the participant withdrawn. The link's code and the
 * withdrawal secret are secrets in the path: the request log masks them.
 */
import express, { type Request, type Response, type Router } from 'express';
import { type LeaveDeps, leave } from '../leave.js';
import { messagePage, sendPage } from '../pages.js';
import type { EnrollmentFinish, SignInFlow } from '../sign-in.js';
import type { CohortStore } from '../state/cohort-store.js';
import type { UserStore } from '../state/user-store.js';
import {
  enrolledPage,
  enrollPage,
  refuseLink,
  withdrawnPage,
  withdrawPage,
} from './cohort-pages.js';

export interface EnrollmentDeps extends LeaveDeps {
  cohorts: CohortStore;
  users: UserStore;
  publicUrl: string;
  /** The scopes the server asks Oura for: what every cohort collects. */
  scopes: readonly string[];
  /** Called once a participant joined (start their sync). */
  onEnrolled: (userId: string) => void;
  /** The server owner's Oura account id: their withdrawal keeps their account. */
  owner: () => Promise<string | undefined>;
  now: () => number;
}

/** Links are 32 random bytes in base64url; anything else was never one of ours. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * What the consent carries to Oura and back, sealed in the sign-in: the
 * link's code and when the button was pressed (the consent's time). A code
 * is base64url, so the first `.` separates them.
 */
const admissionOf = (code: string, consentedAt: number) => `${consentedAt}.${code}`;
function parseAdmission(admission: string | undefined) {
  const at = admission?.indexOf('.') ?? -1;
  if (!admission || at < 1) return undefined;
  return { consentedAt: Number(admission.slice(0, at)), code: admission.slice(at + 1) };
}

export function enrollmentFinish(deps: EnrollmentDeps): EnrollmentFinish {
  return {
    async finish({ account, known, tokens, admission }, res, giveBack) {
      const parsed = parseAdmission(admission);
      const state = parsed ? await deps.cohorts.check(parsed.code) : { state: 'unknown' as const };
      if (!parsed || state.state !== 'usable') {
        await giveBack();
        refuseLink(res, state.state === 'usable' ? 'unknown' : state.state);
        return;
      }
      await deps.users.saveSignIn({
        id: account.id,
        email: account.email,
        role: known?.role ?? 'member',
        tokens,
      });
      const joined = await deps.cohorts.enroll(parsed.code, account.id, parsed.consentedAt);
      if (!joined.enrolled) {
        // Another sign-in spent the link a moment before this one.
        if (!known) await deps.users.delete(account.id);
        await giveBack();
        refuseLink(res, joined.state);
        return;
      }
      deps.log(`enrollment: a participant joined cohort ${state.cohort}`);
      deps.onEnrolled(account.id);
      sendPage(
        res,
        200,
        `You have joined ${state.cohort}`,
        enrolledPage({
          cohort: state.cohort,
          participantId: joined.participant.id,
          withdrawUrl: `${deps.publicUrl}/withdraw/${joined.withdrawSecret}`,
        }),
      );
    },
  };
}

export function enrollmentRoutes(
  deps: EnrollmentDeps,
  signIn: SignInFlow,
  guard: express.RequestHandler,
): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const route =
    (work: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: express.NextFunction) => {
      work(req, res).catch(next);
    };
  /** The link's cohort, or undefined after refusing it. */
  const usableLink = async (code: string, res: Response) => {
    const state = SECRET_SHAPE.test(code)
      ? await deps.cohorts.check(code)
      : { state: 'unknown' as const };
    if (state.state === 'usable') return state.cohort;
    refuseLink(res, state.state);
    return undefined;
  };

  router.get(
    '/enroll/:code',
    guard,
    route(async (req, res) => {
      const code = String(req.params.code);
      const cohort = await usableLink(code, res);
      if (cohort === undefined) return;
      const signInId = await signIn.startOwn(res, 'enroll', '/');
      sendPage(
        res,
        200,
        `Join ${cohort}`,
        enrollPage({ cohort, scopes: deps.scopes, signInId, action: `/enroll/${code}` }),
      );
    }),
  );

  router.post(
    '/enroll/:code',
    guard,
    form,
    route(async (req, res) => {
      const code = String(req.params.code);
      if ((await usableLink(code, res)) === undefined) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.consent !== 'yes') {
        messagePage(
          res,
          400,
          'Consent is needed to join',
          'Go back, tick the box if you agree to what is collected, and press the button again.',
        );
        return;
      }
      const signInId = typeof body.sign_in === 'string' ? body.sign_in : '';
      const consentedAt = Math.floor(deps.now() / 1000);
      if (!(await signIn.enrollToOura(req, res, signInId, admissionOf(code, consentedAt)))) {
        messagePage(
          res,
          400,
          'This enrollment cannot continue',
          'It took longer than ten minutes, or it was started in another browser. Open your enrollment link again.',
        );
      }
    }),
  );

  /** The participant a withdrawal link belongs to and who has not withdrawn, or undefined after refusing. */
  const stillIn = async (secret: string, res: Response) => {
    const participant = SECRET_SHAPE.test(secret)
      ? await deps.cohorts.byWithdrawSecret(secret)
      : undefined;
    if (!participant) {
      messagePage(
        res,
        404,
        'No such withdrawal link',
        'Check that you opened the whole link you were shown when you joined. If you lost it, ask whoever runs the study to remove you.',
      );
      return undefined;
    }
    if (participant.withdrawnAt !== undefined) {
      messagePage(
        res,
        410,
        'You have already withdrawn',
        `Participant ${participant.id} withdrew from ${participant.cohort}; this server holds no data of theirs.`,
      );
      return undefined;
    }
    return participant;
  };

  router.get(
    '/withdraw/:secret',
    guard,
    route(async (req, res) => {
      const secret = String(req.params.secret);
      const participant = await stillIn(secret, res);
      if (!participant) return;
      sendPage(
        res,
        200,
        `Withdraw from ${participant.cohort}`,
        withdrawPage({
          cohort: participant.cohort,
          participantId: participant.id,
          action: `/withdraw/${secret}`,
        }),
      );
    }),
  );

  // The secret in the path is what a forged cross-site post would lack; the Origin guard refuses one from elsewhere too.
  router.post(
    '/withdraw/:secret',
    guard,
    route(async (req, res) => {
      const participant = await stillIn(String(req.params.secret), res);
      if (!participant) return;
      // The owner trying their own cohort's link: leaving would delete the server's owner
      // (and with them /admin and their assistants' access), so they only leave the cohort.
      const owner =
        participant.personId !== undefined && participant.personId === (await deps.owner());
      const { revokedAtOura } =
        participant.personId && !owner
          ? await leave(deps, participant.personId)
          : { revokedAtOura: true };
      await deps.cohorts.withdraw(participant.id);
      deps.log(`enrollment: a participant withdrew from cohort ${participant.cohort}`);
      sendPage(
        res,
        200,
        'You have withdrawn',
        withdrawnPage({ cohort: participant.cohort, revokedAtOura, owner }),
      );
    }),
  );
  return router;
}
