import { Injectable } from '@nestjs/common';
import type { RoleBinding } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import { roleBindingsUnder } from './resource-access';

export interface RoleBindingFilter {
  principal?: string;
  roleName?: string;
  crnPatternContains?: string;
}

@Injectable()
export class RoleBindingRepository {
  constructor(private readonly db: PrismaService) {}

  async list(scope: OrgScope, page: PageRequest, filter: RoleBindingFilter): Promise<Page<RoleBinding>> {
    const where = {
      organizationId: scope.organizationId,
      ...(filter.principal ? { principal: filter.principal } : {}),
      ...(filter.roleName ? { roleName: filter.roleName } : {}),
      ...(filter.crnPatternContains ? { crnPattern: { contains: filter.crnPatternContains } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.roleBinding.findMany({
        where: { ...where, ...afterCursor(page.after) },
        orderBy: PAGE_ORDER,
        take: page.size + 1,
      }),
      this.db.roleBinding.count({ where }),
    ]);
    return toPage(rows, page.size, total);
  }

  forPrincipal(scope: OrgScope, principal: string): Promise<RoleBinding[]> {
    return this.db.roleBinding.findMany({ where: { organizationId: scope.organizationId, principal } });
  }

  get(scope: OrgScope, id: string): Promise<RoleBinding | null> {
    return this.db.roleBinding.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  find(scope: OrgScope, principal: string, roleName: string, crnPattern: string): Promise<RoleBinding | null> {
    return this.db.roleBinding.findFirst({
      where: { organizationId: scope.organizationId, principal, roleName, crnPattern },
    });
  }

  create(
    scope: OrgScope,
    data: { id: string; principal: string; roleName: string; crnPattern: string },
  ): Promise<RoleBinding> {
    return this.db.roleBinding.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async delete(scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await this.db.roleBinding.deleteMany({ where: { organizationId: scope.organizationId, id } });
    return count > 0;
  }

  /** Bindings that name a resource that is going away (environment or cluster deletion). */
  async deleteForCrnPrefix(scope: OrgScope, crnPrefix: string): Promise<void> {
    await this.db.roleBinding.deleteMany({ where: roleBindingsUnder(scope, crnPrefix) });
  }
}
