/**
 * `/admin`, for the server's owner only: signed in with Oura through the
 * account page's session (the same cookie), sent back here. Anyone else
 * signed in gets a 403 page saying whose account it takes; a participant
 * asked for under a cohort that is not theirs, a 404 (the same page as an id
 * that does not exist: an admin learns nothing about other cohorts). Each
 * page that shows participants' data is one audited read.
 */
import express, { type Request, type Response, type Router } from 'express';
import { Limiter } from '../../api/semaphore.js';
import { messagePage, sendPage } from '../pages.js';
import { ACCOUNT_COOKIE, type SignInFlow } from '../sign-in.js';
import type { CohortStore, Participant } from '../state/cohort-store.js';
import { csrfMatches, csrfToken, type SessionStore } from '../state/session-store.js';
import type { UserStore } from '../state/user-store.js';
import {
  adminPage,
  adminSignInPage,
  type CohortSection,
  cohortPage,
  linksPage,
  type ParticipantView,
  participantPage,
} from './admin-page.js';
import type { CohortData } from './cohort-data.js';
import { sendCohortExport } from './export-route.js';
import { knownCohort } from './known-cohort.js';

export interface AdminDeps {
  signIn: SignInFlow;
  sessions: SessionStore;
  users: UserStore;
  cohorts: CohortStore;
  /** The owner's Oura account id (the one admin). */
  owner: () => Promise<string | undefined>;
  /** The scopes every cohort needs (the ones the server asks Oura for), unprefixed. */
  scopes: readonly string[];
  /** How Oura spells scopes in what it grants (`extapi:`), to compare with {@link scopes}. */
  scopePrefix: string;
  data: CohortData;
  /** The server's public base URL, for the links it mints. */
  publicUrl: string;
  log: (line: string) => void;
}

export function adminRoutes(deps: AdminDeps, guard: express.RequestHandler): Router {
  const router = express.Router();
  const route =
    (work: (req: Request, res: Response, admin: SignedInOwner) => Promise<void>) =>
    (req: Request, res: Response, next: express.NextFunction) => {
      (async () => {
        const admin = await ownerSignedIn(req, res);
        if (admin) await work(req, res, admin);
      })().catch(next);
    };

  /** The owner and their session's secret when the session is theirs, or undefined after answering. */
  const ownerSignedIn = async (req: Request, res: Response): Promise<SignedInOwner | undefined> => {
    const secret = deps.signIn.cookies.read(req, ACCOUNT_COOKIE);
    const userId = await deps.sessions.userOf(secret);
    const user = userId ? await deps.users.get(userId) : undefined;
    if (!user || !secret) {
      // Only /admin itself is a sign-in page; anything below it refused, so a script
      // fetching an export signed out gets no 200 that is not the file.
      sendPage(res, req.path === '/' ? 200 : 401, 'Cohorts', adminSignInPage());
      return undefined;
    }
    if (user.id !== (await deps.owner())) {
      messagePage(
        res,
        403,
        'Only the server’s owner sees the cohorts',
        `You are signed in as ${user.email ?? 'an Oura account'} that does not own this server. Sign out at /account, then sign in here with the owner’s Oura account.`,
      );
      return undefined;
    }
    return { id: user.id, secret };
  };

  const view = async (participant: Participant): Promise<ParticipantView> => {
    const person = participant.personId;
    const user = person ? await deps.users.get(person) : undefined;
    const tokens = person ? await deps.users.tokens(person).catch(() => undefined) : undefined;
    const granted = tokens?.scope
      ?.split(' ')
      .map((scope) =>
        scope.startsWith(deps.scopePrefix) ? scope.slice(deps.scopePrefix.length) : scope,
      );
    const state =
      participant.withdrawnAt !== undefined
        ? 'withdrawn'
        : !user
          ? 'deleted their data'
          : user.ouraProblem
            ? `not connected: ${user.ouraProblem}`
            : tokens
              ? 'connected'
              : 'not connected';
    const status = person
      ? await deps.data.status(person)
      : { lastSyncAt: undefined, daysWithDataLast14: undefined };
    return {
      ...participant,
      ...status,
      state,
      scopesMissing:
        user && granted ? deps.scopes.filter((scope) => !granted.includes(scope)) : undefined,
    };
  };

  // Shared by every page being answered: each status opens a participant's history.
  const statusReads = new Limiter(STATUS_READS_AT_ONCE);
  /** Page `page` (from 1) of a cohort's participants, or undefined past its last page. */
  const section = async (name: string, page: number): Promise<CohortSection | undefined> => {
    const everyone = await deps.cohorts.participants(name);
    const pages = Math.max(1, Math.ceil(everyone.length / PAGE_SIZE));
    if (page > pages) return undefined;
    const shown = everyone.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const participants = await Promise.all(
      shown.map((participant) => statusReads.run(() => view(participant))),
    );
    return { name, participants, total: everyone.length, page, pages };
  };
  const auditListing = async (admin: SignedInOwner, cohort: CohortSection) => {
    if (cohort.participants.length > 0)
      await deps.data.audit({ admin: admin.id, action: 'list-cohort', cohort: cohort.name });
  };

  router.get(
    '/',
    route(async (_req, res, admin) => {
      const names = await deps.cohorts.cohorts();
      // Page 1 is there for any cohort, even an empty one.
      const cohorts = (await Promise.all(names.map((name) => section(name, 1)))) as CohortSection[];
      for (const cohort of cohorts) await auditListing(admin, cohort);
      sendPage(res, 200, 'Cohorts', adminPage(cohorts, csrfToken(admin.secret), PAGE_SIZE));
    }),
  );

  router.get(
    '/cohorts/:cohort',
    route(async (req, res, admin) => {
      const name = await knownCohort(deps.cohorts, req, res);
      if (!name) return;
      const asked = req.query.page ?? '1';
      if (typeof asked !== 'string' || !/^[1-9][0-9]{0,5}$/.test(asked)) {
        messagePage(res, 400, 'Which page?', 'Give the page as a whole number from 1: ?page=2.');
        return;
      }
      const cohort = await section(name, Number(asked));
      if (!cohort) {
        const total = (await deps.cohorts.participants(name)).length;
        messagePage(
          res,
          404,
          'No such page',
          `Cohort ${name} has ${total} participant(s), ${PAGE_SIZE} to a page: ask for page 1 to ${Math.max(1, Math.ceil(total / PAGE_SIZE))}.`,
        );
        return;
      }
      await auditListing(admin, cohort);
      sendPage(res, 200, `Cohort ${name}`, cohortPage(cohort, csrfToken(admin.secret), PAGE_SIZE));
    }),
  );

  router.post('/sign-in', guard, (_req, res, next) => {
    deps.signIn.startAccountSignIn(res, '/admin').catch(next);
  });

  router.get(
    '/cohorts/:cohort/participants/:id',
    route(async (req, res, admin) => {
      const cohort = String(req.params.cohort);
      const id = String(req.params.id);
      const participant = await deps.cohorts.participant(cohort, id);
      if (!participant) {
        messagePage(
          res,
          404,
          'No such participant in this cohort',
          `Cohort ${cohort} has no participant ${id}: it may be in another cohort, or mistyped. The participants of each cohort are listed at /admin.`,
        );
        return;
      }
      await deps.data.audit({
        admin: admin.id,
        action: 'read-participant',
        cohort,
        participant: id,
      });
      sendPage(res, 200, `Participant ${id}`, participantPage(cohort, await view(participant)));
    }),
  );
  router.get(
    '/cohorts/:cohort/export',
    route(async (req, res, admin) => {
      // The session cookie is SameSite=Lax, so another site's link would export (and audit,
      // in the owner's name) every participant's rows; the export's form is on /admin.
      if (req.get('sec-fetch-site') === 'cross-site') {
        messagePage(
          res,
          403,
          'This export was asked for by another site',
          'Exports start from the form on /admin. Open /admin and choose the export there.',
        );
        return;
      }
      await sendCohortExport(deps, req, res, admin.id);
    }),
  );
  // Links for a study of hundreds, without a console: shown once, on this no-store page.
  router.post(
    '/cohorts/:cohort/links',
    guard,
    express.urlencoded({ extended: false, limit: '4kb' }),
    route(async (req, res, admin) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!csrfMatches(admin.secret, body.csrf)) {
        messagePage(res, 403, 'This form has expired', 'Open /admin again and retry.');
        return;
      }
      const cohort = await knownCohort(deps.cohorts, req, res);
      if (!cohort) return;
      const count = Number(body.count);
      const days = Number(body.days);
      if (!Number.isInteger(count) || count < 1 || count > MAX_LINKS) {
        messagePage(res, 400, 'How many links?', `Ask for 1 to ${MAX_LINKS} links at a time.`);
        return;
      }
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
        messagePage(res, 400, 'How long should they last?', `Give 1 to ${MAX_DAYS} days.`);
        return;
      }
      const links: string[] = [];
      for (let i = 0; i < count; i++)
        links.push(
          `${deps.publicUrl}/enroll/${await deps.cohorts.createLink(cohort, days * 86_400)}`,
        );
      deps.log(`admin: the owner made ${count} enrollment link(s) for cohort ${cohort}`);
      sendPage(res, 200, `Links for ${cohort}`, linksPage(cohort, links, days));
    }),
  );
  return router;
}

interface SignedInOwner {
  id: string;
  /** The session's secret, from which the forms' CSRF token is derived. */
  secret: string;
}

/** Participants to a page: each shown is a read of their history. */
const PAGE_SIZE = 50;
/** Participants' statuses read at once, across every page being answered. */
const STATUS_READS_AT_ONCE = 8;
const MAX_LINKS = 500;
const MAX_DAYS = 90;
