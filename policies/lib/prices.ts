// List prices: EC2 instances by region (data/ec2-prices.json), everything else in us-east-1
// (data/prices.json). A price always says which region it is for, so an estimate of a stack in
// another region can say which of its figures are not that region's.
import ec2 from "../data/ec2-prices.json";
import prices from "../data/prices.json";

export const PRICES = prices;
export const HOURS_PER_MONTH: number = prices.hoursPerMonth;
/** The region of every price in data/prices.json. */
export const BASE_PRICE_REGION: string = prices.region;
/** The day the EC2 prices were generated from the AWS Price List API. */
export const EC2_PRICE_DATE: string = ec2.priceDate;

const EC2_BY_REGION = ec2.regions as Record<string, Record<string, number>>;

/** A list price and the region it is the price of. */
export interface RegionalPrice {
    usd: number;
    region: string;
}

/**
 * The on-demand Linux price per hour of an instance type: the region's own when it is known, else
 * us-east-1's (the caller says so); undefined when neither lists the type.
 */
export function instanceHourly(instanceType: string, region: string | undefined): RegionalPrice | undefined {
    const own = region ? EC2_BY_REGION[region]?.[instanceType] : undefined;
    if (own !== undefined) {
        return { usd: own, region: region! };
    }
    const base = EC2_BY_REGION[BASE_PRICE_REGION][instanceType];
    return base === undefined ? undefined : { usd: base, region: BASE_PRICE_REGION };
}
