/**
 * A generated city: who contacts the hotline about what, and when. Everything derives from the plan
 * (order count, period, seed) and the reference data, so every process of a parallel load builds the
 * same city and generates its own share of it: order i is the same order whichever process makes it.
 */
import { buildIntake, orderIdFor, type CreateOrderBody } from '../../api/intake';
import type { Db } from '../../db/client';
import { loadReferenceData, type ReferenceData } from '../../db/reference';
import { kbArticles } from '../../db/schema';
import type { CatalogueEntry, Channel } from '../../domain/types';
import { addContact } from '../../workflows/actions';
import { Arrivals } from './arrivals';
import { OrderLife, type ConsultationPlan } from './order-life';
import { citizen, consultationText, description, location, operator, phoneNumber } from './people';
import { Random } from './random';
import { OrderSimulation } from './simulation';

const DAY = 86_400_000;

export interface CityPlan {
  /** Contacts received in the period (merged repeat contacts come on top). */
  orders: number;
  days: number;
  /** The end of the period, epoch ms: the present of the generated city. */
  end: number;
  seed: number;
  /** The key of the requester hash (REQUESTER_HASH_KEY of the system the city is loaded into). */
  hashKey: string;
}

export interface Article {
  code: string;
  title: string;
  body: string;
  category: string;
}

export interface CityReference {
  ref: ReferenceData;
  articles: Article[];
}

export async function loadCityReference(db: Db): Promise<CityReference> {
  const ref = await loadReferenceData(db);
  const articles = await db
    .select({ code: kbArticles.code, title: kbArticles.title, body: kbArticles.body, category: kbArticles.category })
    .from(kbArticles);
  if (!articles.length) throw new Error('The knowledge base is empty: seed the reference data first');
  return { ref, articles };
}

/** How often a category is reported, relative to an ordinary one. */
const COMMON: Record<string, number> = {
  noise_construction: 2.5,
  illegal_parking: 2.5,
  property_dispute: 2,
  garbage_collection: 2,
  noise_commercial: 1.8,
  wage_arrears: 1.6,
  consumer_dispute: 1.6,
  road_damage: 1.5,
  street_vending: 1.4,
};
const CHANNELS: [Channel, number][] = [
  ['phone', 0.65],
  ['app', 0.12],
  ['mini_program', 0.1],
  ['web', 0.1],
  ['open311', 0.03],
];
/** What frequent raters complain about again and again. */
const FREQUENT_TOPICS = ['noise_commercial', 'property_dispute', 'illegal_parking', 'restaurant_fumes'];

/** A frequent rater (会哭的孩子): one requester who contacts the hotline dozens of times and rates harshly. */
export interface FrequentRater {
  index: number;
  phone: string;
  slots: number[];
}

export class City {
  readonly arrivals: Arrivals;
  readonly from: number;
  private readonly catalogue: [CatalogueEntry, number][];
  private readonly leadUnits: string[];
  /** Orders slots taken by frequent raters: slot → rater. */
  readonly raterOf = new Map<number, FrequentRater>();
  readonly raters: FrequentRater[] = [];
  /** Citizens' numbers come from a pool, so some call more than once a year. */
  private readonly citizens: number;

  constructor(
    readonly plan: CityPlan,
    readonly reference: CityReference,
  ) {
    this.from = plan.end - plan.days * DAY;
    this.arrivals = new Arrivals(this.from, plan.end, plan.orders, reference.ref.calendar);
    this.catalogue = [...reference.ref.catalogue.values()].map((e) => [e, COMMON[e.code] ?? 1]);
    this.leadUnits = [...new Set([...reference.ref.catalogue.values()].map((e) => e.leadUnit))];
    this.citizens = Math.max(5_000, plan.orders);
    this.placeRaters();
  }

  /**
   * About one frequent rater per 25,000 orders, each with 30–90 contacts spread over the period (at
   * most 1.5 % of the orders each), on slots of their own.
   */
  private placeRaters(): void {
    const n = this.plan.orders;
    const count = Math.max(2, Math.round(n / 25_000));
    for (let r = 0; r < count; r++) {
      const rng = new Random(this.plan.seed, 0x7a7e, r);
      const contacts = Math.max(1, Math.min(rng.int(30, 90), Math.floor(n * 0.015)));
      const rater: FrequentRater = { index: r, phone: phoneNumber(900_000_000 + r), slots: [] };
      for (let k = 0; k < contacts; k++) {
        let slot = Math.floor(((k + rng.next()) * n) / contacts) % n;
        while (this.raterOf.has(slot)) slot = (slot + 1) % n;
        this.raterOf.set(slot, rater);
        rater.slots.push(slot);
      }
      this.raters.push(rater);
    }
  }

  private key(index: number, suffix = ''): string {
    return `city-${this.plan.seed}-${index}${suffix}`;
  }

  private intake(body: CreateOrderBody, key: string, receivedAt: number, rng: Random) {
    const actor = operator(rng);
    return buildIntake(body, this.reference.ref, {
      orderId: orderIdFor(actor, key, this.plan.hashKey),
      actor,
      receivedAt,
      hashKey: this.plan.hashKey,
    });
  }

  /** Order number `index` of the period, lived until it closes or the period ends. */
  live(index: number): OrderLife {
    const rng = new Random(this.plan.seed, index);
    const receivedAt = this.arrivals.at(index, rng.next());
    const rater = this.raterOf.get(index);
    const context = {
      end: this.plan.end,
      leadUnits: this.leadUnits,
      repeatContact: (primary: OrderSimulation, at: number) => this.repeatContact(primary, at, rng),
    };
    if (rater) {
      const entry = this.reference.ref.catalogue.get(rng.pick(FREQUENT_TOPICS)) ?? rng.weighted(this.catalogue);
      const person = { ...citizen(new Random(this.plan.seed, 0x7a7e, rater.index, 1), false), phone: rater.phone };
      const body: CreateOrderBody = {
        channel: 'phone',
        orderType: 'complaint',
        category: entry.code,
        description: description(rng, entry.name),
        citizen: person,
      };
      const sim = OrderSimulation.receive(this.intake(body, this.key(index), receivedAt, rng), rng);
      return new OrderLife(sim, rng, context, { frequentRater: true, consultation: null }).live();
    }
    const person = citizen(rng, rng.chance(0.93), this.citizens);
    if (rng.chance(0.75)) {
      const consultation = this.consultation(rng);
      const category = this.reference.ref.catalogue.has(consultation.article.category)
        ? consultation.article.category
        : undefined;
      const body: CreateOrderBody = {
        channel: rng.weighted(CHANNELS),
        orderType: 'consultation',
        ...(category ? { category } : {}),
        description: consultationText(consultation.article.title),
        citizen: person,
      };
      const sim = OrderSimulation.receive(this.intake(body, this.key(index), receivedAt, rng), rng);
      return new OrderLife(sim, rng, context, { frequentRater: false, consultation }).live();
    }
    const entry = rng.weighted(this.catalogue);
    const body: CreateOrderBody = {
      channel: rng.weighted(CHANNELS),
      orderType: rng.weighted([
        ['complaint', 0.4],
        ['help', 0.35],
        ['report', 0.15],
        ['suggestion', 0.1],
      ] as const),
      category: entry.code,
      ...(entry.defaultUrgency === 'normal' && rng.chance(0.05) ? { urgency: 'urgent' as const } : {}),
      description: description(rng, entry.name),
      citizen: person,
      ...(rng.chance(0.6) ? { location: location(rng) } : {}),
    };
    const sim = OrderSimulation.receive(this.intake(body, this.key(index), receivedAt, rng), rng);
    return new OrderLife(sim, rng, context, { frequentRater: false, consultation: null }).live();
  }

  private consultation(rng: Random): ConsultationPlan {
    const article = rng.pick(this.reference.articles);
    const entry = rng.weighted(this.catalogue);
    return {
      outcome: rng.weighted([
        ['answer', 0.935],
        ['convert', 0.035],
        ['refer', 0.02],
        ['withdraw', 0.01],
      ] as const),
      article,
      convertTo: { orderType: rng.chance(0.6) ? 'help' : 'complaint', category: entry.code, categoryName: entry.name },
      catalogue: entry,
    };
  }

  /**
   * 并单: a repeat contact about an open order — the same requester again, or a neighbour about the same
   * place — received a few minutes before `at`, when the operator merges it into the primary order.
   */
  private repeatContact(primary: OrderSimulation, at: number, rng: Random): OrderSimulation | null {
    const p = primary.order.snapshot.intake;
    if (primary.order.isClosed || !p.category) return null;
    const same = rng.chance(0.65);
    const body: CreateOrderBody = {
      channel: rng.chance(0.7) ? 'phone' : 'app',
      orderType: p.orderType,
      category: p.category,
      description: description(rng, p.categoryName ?? p.category),
      citizen: same ? p.citizen : citizen(rng, true, this.citizens),
      ...(p.location ? { location: location(rng, p.location, 0.0008) } : {}),
    };
    const receivedAt = at - Math.round(rng.between(1, 5) * 60_000);
    const contact = OrderSimulation.receive(
      this.intake(body, `${p.orderId}-repeat-${p.receivedAt}-${at}`, receivedAt, rng),
      rng,
    );
    const actor = operator(rng);
    if (!contact.act('mergeInto', { actor, primaryOrderId: primary.id }, at)) return null;
    const { intake } = contact.order.snapshot;
    primary.change(at, (o) =>
      addContact(
        o,
        {
          orderId: intake.orderId,
          channel: intake.channel,
          at: receivedAt,
          requesterHash: intake.requesterHash,
          actor,
        },
        at,
      ),
    );
    return contact;
  }
}
